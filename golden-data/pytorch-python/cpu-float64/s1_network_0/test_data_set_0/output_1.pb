B
gradient_xJìª:rÂYÀÑºt%@