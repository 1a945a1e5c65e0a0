B
predictionJ‚u¦1€?¯¢VÀ)æ@