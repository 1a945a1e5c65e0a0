B
predictionJ0	)h@Â'¡À3¨ÒÀz»À5Aµt„@âNâÀ ‰+>J°Í@Éã¿i®üÀ‡¨§@