B
gradient_wJ©»O%ж›ц?ам ­ЗЖїам ­ЗЖї