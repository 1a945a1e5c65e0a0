Bgradient_targetJ`Du%{Q{ј
T9>@&X3jKAыVз~йЎж@вячФ•–т?V‘а	$@√xІФeJA"Т~Uф¶rјa…рд-Zј‘lа*“б6Ѕн»(—ы[$@Аkх\М"
ј