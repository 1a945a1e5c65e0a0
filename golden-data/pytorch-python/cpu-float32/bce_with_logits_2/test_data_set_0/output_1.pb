Bgradient_logitsJk“à»ÔCU<i“;«ª
<Ë¤Š¼D 8¼