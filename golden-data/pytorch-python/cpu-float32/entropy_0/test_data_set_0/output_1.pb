B
gradient_pJ…¯>…¯>