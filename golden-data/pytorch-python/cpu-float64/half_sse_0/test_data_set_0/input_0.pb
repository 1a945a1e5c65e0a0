B
predictionJR·oÈºÀlÆ†[°@>