Bgradient_b2Jû
>ï¼1¢ð½