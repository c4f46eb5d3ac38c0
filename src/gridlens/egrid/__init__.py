"""What an eGRID generator sheet is: columns across years, layouts, number formats. Pure: no I/O."""
