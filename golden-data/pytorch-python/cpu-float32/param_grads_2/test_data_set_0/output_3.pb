Bgradient_a_prevJ@#¦AÕç½ÃıˆnÁ¬ÀŞ?AùdÔDAÖ{AİwA
•§@Ê»ÈD.¦AVËaAØVWÀ7nD°è”A6Úù@