
Bgradient_predictionJ(‘#/B×CB¿×‘E„`,C@O<Ç	¼B•E^CÚJ.„2Ä_¯È