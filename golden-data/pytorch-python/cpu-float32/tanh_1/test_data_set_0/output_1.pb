B
gradient_zJÿÿİ3úU5ó9