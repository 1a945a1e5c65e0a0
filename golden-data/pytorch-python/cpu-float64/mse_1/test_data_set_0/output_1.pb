Bgradient_predictionJ81Ÿª\Ûó¿w‹x,«h@@fÍLĞæt@’
uNï¿æ¨1gâÀÅCGö=­Ü?ïÛ­»°À