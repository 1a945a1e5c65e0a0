
Bgradient_targetJ(‘#/Â×CÂ¿×‘Å„`,Ã@O<G	¼Â•E^ÃÚÊ.„2D_¯H