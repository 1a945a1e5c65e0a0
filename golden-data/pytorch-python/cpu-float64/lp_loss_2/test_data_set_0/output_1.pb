
Bgradient_predictionJPÊK.räE@­5¼zè@@wq;Ò÷:²@™DOŒe@¯ıP)è‰çÀ³Ë…È3W@˜}²Èk@„³1c@A]µ¯…P†ÀÈé«àÁ