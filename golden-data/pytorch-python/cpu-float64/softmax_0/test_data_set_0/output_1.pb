B
gradient_zJ8│rNаке?%Yw╠>4ф©└L▓
^N╧?╙Ыqл)x╘?з©g╛²©%т#Yя©6и)x9ц?