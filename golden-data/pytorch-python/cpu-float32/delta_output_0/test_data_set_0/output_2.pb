B
gradient_zJ”W–¿`W=