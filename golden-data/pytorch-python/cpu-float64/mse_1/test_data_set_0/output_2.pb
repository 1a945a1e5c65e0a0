Bgradient_targetJ81Ÿª\Ûó?w‹x,«hÀ@fÍLĞætÀ’
uNï?æ¨1gâ@ÅCGö=­Ü¿ïÛ­»°@