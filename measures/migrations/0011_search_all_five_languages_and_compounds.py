"""Measures are searched in all five languages, each with its own stemming,
and by the parts of their German compounds; the catalogue keeps its vocabulary."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models

import measures.models


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0010_fill_search_aliases'),
    ]

    operations = [
        migrations.AddField(
            model_name='measure',
            name='search_compound_parts',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        # PostgreSQL cannot change a generated column's expression: the column
        # and its index are dropped and made anew (filled from the texts).
        migrations.RemoveIndex(model_name="measure", name="measure_search_vector_gin"),
        migrations.RemoveField(model_name="measure", name="search_vector"),
        migrations.AddField(
            model_name='measure',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title_de', config='german', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary_de', config='german', weight='B'), django.contrib.postgres.search.SearchConfig('german')), '||', django.contrib.postgres.search.SearchVector('description_de', config='german', weight='C'), django.contrib.postgres.search.SearchConfig('german')), '||', django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title_en', config='english', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary_en', config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), '||', django.contrib.postgres.search.SearchVector('description_en', config='english', weight='C'), django.contrib.postgres.search.SearchConfig('english')), django.contrib.postgres.search.SearchConfig('german')), '||', django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title_tr', config='turkish', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary_tr', config='turkish', weight='B'), django.contrib.postgres.search.SearchConfig('turkish')), '||', django.contrib.postgres.search.SearchVector('description_tr', config='turkish', weight='C'), django.contrib.postgres.search.SearchConfig('turkish')), django.contrib.postgres.search.SearchConfig('german')), '||', django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title_ar', config='arabic', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary_ar', config='arabic', weight='B'), django.contrib.postgres.search.SearchConfig('arabic')), '||', django.contrib.postgres.search.SearchVector('description_ar', config='arabic', weight='C'), django.contrib.postgres.search.SearchConfig('arabic')), django.contrib.postgres.search.SearchConfig('german')), '||', django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector(measures.models.PortalUnaccent('title_uk'), config='simple', weight='A'), '||', django.contrib.postgres.search.SearchVector(measures.models.PortalUnaccent('summary_uk'), config='simple', weight='B'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(measures.models.PortalUnaccent('description_uk'), config='simple', weight='C'), django.contrib.postgres.search.SearchConfig('simple')), django.contrib.postgres.search.SearchConfig('german')), '||', django.contrib.postgres.search.SearchVector('search_compound_parts', config='german', weight='C'), django.contrib.postgres.search.SearchConfig('german')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="measure_search_vector_gin"
            ),
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=60, unique=True, verbose_name='word')),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
                'indexes': [django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Lower('word'), name='gin_trgm_ops'), name='search_word_trgm_gin')],
            },
        ),
    ]
