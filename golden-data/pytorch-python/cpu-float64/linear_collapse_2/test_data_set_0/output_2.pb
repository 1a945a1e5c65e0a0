B
gradient_XJ0òö˜÷˜?>xï“LÅ¿ÜKÆ¿T £MD}(@∑;{#l]º@bﬂSLwÆJ¿