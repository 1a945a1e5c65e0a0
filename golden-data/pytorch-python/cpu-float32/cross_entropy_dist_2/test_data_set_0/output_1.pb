B
gradient_pJ$Ó¿şÅ3À