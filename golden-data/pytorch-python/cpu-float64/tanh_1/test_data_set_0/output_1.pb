B
gradient_zJýD±æx>‘–u|ª>Þ†^†¡#?