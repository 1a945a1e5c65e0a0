B
gradient_mJÍ>