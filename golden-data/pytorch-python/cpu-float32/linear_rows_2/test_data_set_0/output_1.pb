B
gradient_XJf€&Ã¬CŒ“Ã