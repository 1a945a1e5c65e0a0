B
predictionJCÖ­ÀC€2