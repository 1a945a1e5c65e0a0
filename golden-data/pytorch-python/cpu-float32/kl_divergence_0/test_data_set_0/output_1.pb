	B
gradient_pJ$и╚╙аfr@DV√аеТ╘аSY╓аНа а~╒а⌡Г╒аГ²а