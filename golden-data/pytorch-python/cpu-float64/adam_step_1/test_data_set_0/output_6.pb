B
gradient_vJ¾Ò«lĞ?