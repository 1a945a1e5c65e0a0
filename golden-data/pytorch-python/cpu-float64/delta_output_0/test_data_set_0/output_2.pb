B
gradient_zJY»òÊò¿Ìo©«ëj£?