B
gradient_gJîˆ@