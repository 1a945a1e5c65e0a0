	B
gradient_pJHv/
yU5ÀUÍ¢ÀL@ÂqRkÈÊ2À´P¦˜>5ÀZÊbT*‹4Ài`§¨=X3ÀÓ8r¾OC4ÀøÝdUó\4À®ØQäá¼3À