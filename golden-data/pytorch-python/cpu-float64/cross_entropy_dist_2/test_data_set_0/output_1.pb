B
gradient_pJ¤ã…¦dzá¿LŸÉ¿xÀ