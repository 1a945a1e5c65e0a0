B
gradient_xJ @LÙPuÑ"èƒxé©Â¢µ¿®<Yˆ¾"LL,/*°¢