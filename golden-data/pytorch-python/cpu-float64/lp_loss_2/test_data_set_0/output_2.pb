
Bgradient_targetJPÊK.räEÀ­5¼zè@Àwq;Ò÷:²À™DOŒeÀ¯ıP)è‰ç@³Ë…È3WÀ˜}²ÈkÀ„³1c@Á]µ¯…P†@Èé«àA