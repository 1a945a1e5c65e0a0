B
gradient_qJyV‡?«›@