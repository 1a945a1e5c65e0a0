B
gradient_xJ μΆ^%>ΌR»όσS>Χ!δ6>=(ή3N Ύ