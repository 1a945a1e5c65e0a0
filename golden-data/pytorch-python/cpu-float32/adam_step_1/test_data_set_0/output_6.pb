B
gradient_vJ•`ƒ>