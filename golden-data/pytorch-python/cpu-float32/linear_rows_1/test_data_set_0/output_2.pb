B
gradient_WJæÀPĞ¿h}@òs²?@]A