B
gradient_xJÖ«]
4¿ÖØK)xYÃ¿û¨P9»µ5¿