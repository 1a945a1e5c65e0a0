B
gradient_XJёё?•f
ДwXrЕ"кCA`лвEёsUВ