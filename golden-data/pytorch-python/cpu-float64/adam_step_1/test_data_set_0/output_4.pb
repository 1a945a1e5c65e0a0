B
gradient_gJ•î^œÃ@