Bgradient_predictionJ`Du%{Q{@
T9>ј&X3jKЅыVз~йЎжјвячФ•–тњV‘а	$ј√xІФeJЅ"Т~Uф¶r@a…рд-Z@‘lа*“б6Aн»(—ы[$јАkх\М"
@