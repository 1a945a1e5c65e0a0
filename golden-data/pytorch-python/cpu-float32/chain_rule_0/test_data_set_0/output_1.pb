B
gradient_xJคนมหพชญน