B
gradient_mJ47ã>ù'-?ÕˆaLH`ª¿OŸ9¿vÃÿ¿J†ÌÚÀL@4?UŽrÌQˆf½Æß¬¾b[p¿