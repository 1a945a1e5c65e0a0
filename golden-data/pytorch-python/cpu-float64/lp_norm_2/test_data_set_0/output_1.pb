B
gradient_xJ ¼¥›ûüÄì¾Çqã„ç£é?“PÇr±„æ¿ˆnÖJ^ñ?