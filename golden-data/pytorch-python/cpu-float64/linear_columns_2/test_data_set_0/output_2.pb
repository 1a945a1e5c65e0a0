B
gradient_XJ®’³&é™ Àn3'Žã;é?eA.‹¢Nù?