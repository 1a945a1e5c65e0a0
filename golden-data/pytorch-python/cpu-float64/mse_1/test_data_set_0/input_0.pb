B
predictionJ8xˆĞcÚÀ€{¡#¿‚@Lü¢@Òn)YÀH´k]8ÀÛƒ%³Ì•À±èmàÉzÀ