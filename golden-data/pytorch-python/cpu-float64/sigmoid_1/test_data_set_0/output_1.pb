B
gradient_zJ ¨Ç½ŸbW?òo”8¿şß}ø	§¿ub2ªºX¿