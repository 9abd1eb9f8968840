"""Dân Vận Số: one-stop procedures and mass-mobilization work for Vietnamese local government."""

__version__ = "0.1.0"
