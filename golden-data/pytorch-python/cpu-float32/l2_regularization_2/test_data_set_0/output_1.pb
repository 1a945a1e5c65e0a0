B
gradient_wJèÖ*E