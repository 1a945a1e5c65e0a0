B
gradient_xJ’ÎÂ¤+A@