B
predictionJ	dAÅ5ç@„œAsø2Ö“@