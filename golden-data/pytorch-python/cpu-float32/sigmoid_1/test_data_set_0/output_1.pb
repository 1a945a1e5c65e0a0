B
gradient_zJ÷»:úÀ¹Pè8½ÐÅj¼