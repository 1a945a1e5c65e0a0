B
gradient_mJєажЂС?