B
gradient_wJ1ß´?=0¾=0¾