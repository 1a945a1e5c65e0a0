B
gradient_XJIÏÁßI?uÊ?